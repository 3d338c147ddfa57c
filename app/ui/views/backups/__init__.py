"""The Backups screen: status, the list, restore and export."""
