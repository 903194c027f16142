"""The site's own Pelican plugins, one package installed with the project (bin/setup):
each is named in PLUGINS as `plugins.<name>` and loaded under that one name."""
