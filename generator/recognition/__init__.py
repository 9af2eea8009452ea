"""Recognition: success stories with consent, and certificates of completion."""
