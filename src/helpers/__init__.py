"""digimod shared helpers: data access, statistics, plotting and notebook running.

Homes (one per concept): ``config`` (paths and environment), ``data`` (catalogue, fetch,
parsers, build, load). Notebooks import helpers; helpers never import notebooks.
"""

__version__ = "0.1.0"
