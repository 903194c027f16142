"""Publish the production site: build, check, then rsync over SSH or push a gh-pages branch.

Publishing has to be one boring command for a non-programmer. So this package never uploads
a site that failed to build or check, never deletes files from a folder it did not fill
itself (a marker file says which folders those are), sends only the files whose bytes
changed (compared by checksum: every build rewrites every file, so times say nothing), and
explains every failure in Finnish instead of a traceback. The SSH connection is the
practitioner's own `ssh` with her ~/.ssh/config; nothing secret lives in the repository.

    target.py    where to publish (option, environment, deploy.local) and unsafe targets
    remote.py    ssh and rsync over one connection, the look at the target folder, what
                 rsync did, the lock, failure reasons
    build.py     the strict production build and `invoke check`, into a temporary folder
    upload.py    publish (plain or atomic), rollback, and the Finnish report
    gh_pages.py  the GitHub Pages branch
    errors.py    the Finnish failure, running a program, stop signals
"""

from .errors import PublishError
from .gh_pages import gh_pages
from .upload import publish, rollback

__all__ = ["PublishError", "gh_pages", "publish", "rollback"]
