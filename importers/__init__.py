"""CSV/XLSX import and export of the Monitor: templates, UHRI, runs, public export."""
