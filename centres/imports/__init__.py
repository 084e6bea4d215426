"""Imports of public reference data, in each publisher's own file layout.

What is accepted (headers matched case-insensitively, surrounding spaces and a UTF-8 BOM ignored):

| kind          | file                                                             | module         |
|---------------|------------------------------------------------------------------|----------------|
| `postcodes`   | ONS Postcode Directory (ONSPD) or NSPL, CSV                      | postcodes.py   |
| `deprivation` | English Indices of Deprivation 2019 or 2025, file 1, 2 or 3, CSV | deprivation.py |
| `population`  | ONS mid-year estimates by LSOA and single year of age, CSV/xlsx  | population.py  |
| `lsoa_lookup` | ONS LSOA 2011 to 2021 lookup, CSV                                | lsoa_lookup.py |
| `boundaries`  | LSOA boundaries, GeoJSON FeatureCollection                       | boundaries.py  |

How a file goes in (`service.import_file`, used by the `import_*` commands and the upload screen):

- **All or nothing.** One transaction per file. A missing column or a bad row raises
  `ImportFileError` ("row N: ..." with N the line of the file, the header being line 1) and
  nothing is changed. A key that appears twice in one file is a bad row.
- **Idempotent.** Each batch of rows is compared with the stored rows for the same keys, so the
  summary says what was created, updated and left unchanged; the same file twice changes nothing.
- **Bounded memory.** Rows are read one at a time (CSV, or openpyxl in read-only mode) and written
  in batches of `base.BATCH_SIZE` with `bulk_create`/`bulk_update`. What is kept between batches
  is bounded by the number of LSOAs (about 35,000 a vintage), never by the length of the file:
  the code -> id cache of LSOAs and the set of keys already seen (postcodes as one bitmap of
  inward codes per outward code).
- **LSOAs are created as the files meet them**, English (E01) and Welsh (W01) codes only; other
  areas' rows are skipped and counted. Names are filled in or corrected when the file has them
  and never blanked; a local-authority code is only filled in where blank (see `LSOAIndex`).
- **Dry run** (`dry_run=True`) does everything inside the transaction and rolls it back: the
  upload screen shows it as the preview before an administrator applies the file.

Layout: `tables.py` reads CSV and Excel rows; `base.py` holds the errors, the summary, the
header and value helpers, the LSOA cache and the batching importer every format extends;
`service.py` is the entry point; `forms.py`, `views.py`, `urls.py` and `tasks.py` are the
upload screen and its Celery task. `uploads.py` (keep a file, check or apply it, apply a
preview once) and `screens.py` (the list, preview and apply views' steps) serve every uploaded
file, the birth notifications of partnerships.births too, with the abstract record
`centres.models.imports.UploadedImport` and the template `centres/imports/upload_table.html`.
"""
