"""digimod shared helpers: data access, statistics, plotting, texts, and (apart) running notebooks.

Homes, one per concept (see the README's layout section):

- ``config`` — paths and environment; ``files``, ``suggest``, ``errors`` — the ground floor (atomic
  writes, "did you mean", ``ParameterError``), importing nothing from helpers;
- ``data`` — catalogue, fetch, parsers, build/validate, load;
- ``stats`` — estimators by method; ``plots`` — the figure style and chart families;
- ``i18n``, ``notebook``, ``params``, ``outputs``, ``coverage``, ``profile`` — what notebooks use to speak,
  check their parameters and write results;
- ``runner`` — executing notebooks, run folders, HTML, the ``digimod`` command. The library never imports it.

Notebooks import helpers; helpers never import notebooks.
"""

__version__ = "0.1.0"
