"""The checks of `invoke check`, one module each; sitetools.check runs them."""
