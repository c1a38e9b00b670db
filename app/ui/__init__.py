"""The windows of ПрофТрек (Qt Widgets). Everything here calls app/services; nothing below imports it."""
