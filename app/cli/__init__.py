"""The command line of ПрофТрек: the same services the windows use, in Russian."""
