"""What the site's plugins, its tools (sitetools) and tasks.py share.

Pelican loads the plugins from plugins/ by name and in the order of PLUGINS; anything two of
them need lives here instead, so no plugin imports another and their order never matters.
"""
