"""`kehoach import`: a plan an office keeps in Word becomes a plan file.

Stages that take and return plain data, each its own module:
container (what the file is, within limits) → read (.docx → paragraphs and tables as shown, Word's
numbering computed) → lines (typed and automatic labels, manual breaks) → structure (the Decree 30
parts: header, title, bases, sections, signature) → build (plan data, units, deadlines, budget,
with what a person must review) → emit (YAML text with `# XEM LẠI` comments) → api (validate,
write atomically, the review list).

Only this package imports python-docx (the optional extra `kehoach[import]`).
"""
