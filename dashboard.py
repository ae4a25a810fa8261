"""Exodus: reported departures from Russia by border and date, with their sources.

Start with ``streamlit run dashboard.py``. Every run sets up the page, loads the data once,
draws the shared filters and hands over to the chosen page (see :mod:`exodus.app.main`).
"""

from exodus.app import main

# Streamlit runs this file as __main__. A process of the upload checker (multiprocessing)
# re-imports it under another name: it must not draw the app.
if __name__ == "__main__":
    main.run()
