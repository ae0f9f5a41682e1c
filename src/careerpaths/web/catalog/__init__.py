"""The region's catalog: institutions, courses, credentials and pathways."""
