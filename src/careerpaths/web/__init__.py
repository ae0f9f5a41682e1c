"""The web application: Django over the framework-free core.

Django models translate to and from :mod:`careerpaths.core.model` objects at the edge
(``to_domain()`` / ``update_from_domain()``); writes live in each app's ``services.py``,
reads in ``selectors.py``, and views stay thin.
"""
