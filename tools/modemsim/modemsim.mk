# tools/modemsim/modemsim.mk - build rules for the modem simulator, included by the top Makefile.
