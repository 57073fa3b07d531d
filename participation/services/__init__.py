"""Workflows of the contribution forum (see contributions.py) and of the feed (feed.py, push.py)."""
