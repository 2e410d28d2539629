# French writes a narrow no-break space between the thousands (12 345), as the Imprimerie nationale and
# UNODC's French publications do; Django's French formats use the wider no-break space. Everything else
# is Django's French.
THOUSAND_SEPARATOR = "\u202f"
