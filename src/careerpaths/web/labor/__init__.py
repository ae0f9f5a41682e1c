"""Labor-market results in the web app: the map's labor panel, staff reports, data sources."""
