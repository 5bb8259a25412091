# Calcule le montant d'un panier de l'épicerie solidaire
prix = [2.5, 4, 1.2, 3.3]        # prix unitaire de chaque article, en euros
quantites = [2, 1, 5, 3]         # quantité achetée de chaque article
total = 0
for i in range(len(prix)):
    total = total + prix[i] * quantites[i]
if total > 20:
    total = total - 2            # remise de 2 euros au-delà de 20 euros
print(round(total, 2))
