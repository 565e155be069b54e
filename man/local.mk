# man/: manual pages
