"""`kehoach summary`: many plans in one table, for a province reading all its communes.

`rows` is the stage (checked plan → plain row; rows → summary with columns and totals),
`collect` runs it over every core, `text` writes the table, csv and json, `xlsx` the workbook;
`choice` decides the format from --format and -o.
"""
