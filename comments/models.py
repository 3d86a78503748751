# Reader comments arrive with the comments issue; the app exists so the
# article page and settings already have their place.
