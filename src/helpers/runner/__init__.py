"""Running notebooks: the machinery apart from the science.

The research library (:mod:`helpers.data`, :mod:`helpers.stats`, :mod:`helpers.plots`, the texts) never
imports this package; this package imports the library only to record provenance and list economies.

Modules
-------
reports
    :class:`ReportSpec` (a notebook, its parameters, a name), :class:`RunError`,
    :func:`resolve_notebook`, :func:`collection_notebooks`.
overrides
    :func:`read_parameters_cell`, :func:`validate_overrides`, :func:`parse_override`: names and types
    of ``-p`` overrides checked before a kernel starts.
execute
    :func:`execute_report` (papermill, a throttled-save engine, a time limit), :func:`execute_notebook`,
    :func:`run_batch_local`, :func:`run_batch_dask`; warm spare kernels where fork is missing.
kernels, zygote
    Kernels forked from a per-worker process that imported the heavy libraries once (Linux):
    the owner's side (:class:`kernels.Zygote`, :func:`kernels.forked_kernel`) and the code that runs
    inside the zygote; ``kernels.ReportKernelManager``, the manager of every report's kernel (it notices
    a dead kernel).
processes
    The process trees of a batch's Dask workers, waited for before a command returns.
reuse
    A report's key (notebook, parameters, library source, metadata, environment; the checksums of the
    datasets it read), :class:`reuse.Earlier` reports that can stand in for it, hard links.
runs
    Run folders ``outputs/<run-id>/`` (staged, renamed when complete; the reports a killed run finished
    reused, its staging folder then removed), ``manifest.json``, :func:`run_reports` (reusing unchanged
    reports), :func:`run_collection` (two notebooks at a time), :func:`summary_table`, :func:`clean_runs`.
render
    :func:`render_run`: a page per report in its language (:func:`cells_for_language`; code, check cells
    and reprs hidden; provenance footer), the run's index page and ``outputs/index.html``;
    :func:`latest_run`; ``templates/``.
changes
    :func:`compare_runs` → :class:`RunChanges` (reports, ``results.json`` numbers with a tolerance, CSV
    tables, inputs, data, environment), :func:`resolve_run`, :func:`same_kind`, :func:`previous_run`.
changes_page
    :func:`write_changes`: ``changes.md`` and ``html/changes.html`` in English and Chinese
    (``changes.texts.yml``); :func:`diff_with_previous`, the automatic diff after a batch.
stored_outputs
    :func:`refresh_stored_outputs`: the outputs nbval compares against.
cli
    The ``digimod`` command: argument parsing only.
imports
    :func:`imports.skip_iri_grammar`: the program and its workers import nbformat without jsonschema's
    IRI grammar (1–2 s of CPU per process, never used).

Nothing is imported here, so that a forked kernel's zygote (which imports :mod:`helpers.runner.zygote`)
loads no more than it needs.
"""
