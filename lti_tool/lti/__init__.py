"""The LTI edge: OIDC login, launch, deep linking, the tool's JWKS, and the LTI Advantage
services (AGS in ``ags``, NRPS in ``nrps``) with their vocabulary (``vocabulary``).

Importing the package loads nothing: the app factory registers ``routes.bp`` (with the
picker's routes from ``deep_linking_views``), so that the vocabulary can be used anywhere
without pulling in Flask routes or the models.
"""
