"""`invoke wordpress-import`: the practitioner's WordPress blog moves into this site.

wxr.py        the export file (WXR 1.0–1.2), read safely with defusedxml
blocks.py     the block editor's <!-- wp:… --> comments
shortcodes.py [caption], [gallery], [embed] and the unknown rest
convert.py    one post's content → Markdown (markdownify), images and links mapped
media.py      the images: from the media folder or zip, or fetched over HTTP
plan.py       what the import would write, decided before anything is written
importer.py   runs it: plan, write, report (report.py, in Finnish)
"""
