"""The public page cache: whole anonymous responses kept in the default cache.

Knows no feature (like `mailer`): views and pages say what may be cached and for
how long (`mark_public`), the apps say when what they show changes
(`invalidate`), and the middleware does the rest. See the README, "Caching".
"""
