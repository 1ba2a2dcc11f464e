"""Reading consultation letters (høringssvar): splitting, comments, stance, contacts, senders.

``lovdiff.responses`` is the public entry point; this package holds its parts.
"""
