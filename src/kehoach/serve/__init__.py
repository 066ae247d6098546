"""`kehoach serve`: the plans of a folder as local web pages that follow the files.

A thin layer over the library the commands use (as fava is over beancount): `site` knows the
folder's plans and their last good state, `pages` asks the library (validate, render, progress,
summary, report) and fills the package's templates, `app` routes requests and keeps the live
channel, `watch` follows the files, `run` binds the address and stops cleanly. Starlette,
uvicorn and watchfiles are imported here only (the optional extra `kehoach[serve]`).
"""
