"""Layer 3, the charts: pure builders from tables to Plotly figures and display tables. No Streamlit."""
