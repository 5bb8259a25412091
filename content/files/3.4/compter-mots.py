# Compte les mots de plus de 4 lettres dans une liste
mots = ["pomme", "kiwi", "banane", "figue", "abricot", "noix"]
compteur = 0
for mot in mots:
    if len(mot) > 4:
        compteur = compteur + 1
print(compteur)
print(mot)
