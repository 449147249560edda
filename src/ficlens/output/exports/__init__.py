"""Exports for other tools: BookNLP's TSV files, GraphML, and charts."""
