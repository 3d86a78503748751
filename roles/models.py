# Roles are groups (django.contrib.auth); this app has no models of its own.
