"""Barrierefreiheit (BITV 2.0): the accessibility statement with its known barriers and the
feedback form, the pages in Leichte Sprache and the page in Deutsche Gebärdensprache (DGS).

Part of the portal core: it uses the core helpers (forms, rate limits, outbox, audit) and no
app. Staff keep barriers, videos and feedback in the Django admin (docs/barrierefreiheit.md).
"""
