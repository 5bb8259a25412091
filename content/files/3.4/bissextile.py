# Une année est bissextile si elle est divisible par 4,
# sauf les années divisibles par 100 qui ne sont pas divisibles par 400.

def est_bissextile(annee):
    if annee % 400 == 0:
        return True
    elif annee % 100 == 0:
        return False
    elif annee % 4 == 0:
        return True
    else:
        return False

annees = [1900, 2000, 2024, 2026, 2100, 2028]
total = 0
for a in annees:
    if est_bissextile(a):
        total = total + 1
print(total)
