"""Django settings: ``base`` (development and the demo), ``production``, ``test``."""
