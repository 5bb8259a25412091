// The bundled content is embedded with `include_dir!`, which stable Rust cannot track:
// rebuild this crate whenever anything under `content/` changes.
fn main() {
    println!("cargo:rerun-if-changed=../../content");
}
