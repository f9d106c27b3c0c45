"""QAbstractTableModel adapters over immutable domain tuples."""
