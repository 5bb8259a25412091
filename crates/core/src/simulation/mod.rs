//! Simulation
pub mod framework;
