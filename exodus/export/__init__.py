"""Layer 5, the files: images, HTML, safe CSV and ZIP bundles of a view, and the command line (python -m exodus.export)."""
