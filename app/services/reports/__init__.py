"""Reports: figures, CSV files, PDFs and the accountant's ZIP."""
