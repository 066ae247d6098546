"""`kehoach import`: a plan an office keeps in Word becomes a plan file.

Stages that take and return plain data, each its own module:
container (what the file is, within limits; convert: .doc/.odt/.rtf through LibreOffice) → read
(.docx → paragraphs and tables as shown, numbering.py computing Word's labels) → lines (typed
and automatic labels, manual breaks; tree: how they nest) → parts (the Decree 30 parts; frame:
header and signature block) → build (plan data with what a person must review: build_document,
build_body, build_sections, build_end for its parts; times, budget, recase, ids, projects the
readings they use) → emit (YAML text with `# XEM LẠI` comments) → api (validate, decide, write
atomically, the review list). compare.py: what a rendered plan's document carries, field by field,
the measure of a round trip.

Only this package imports python-docx (the optional extra `kehoach[import]`).
"""
