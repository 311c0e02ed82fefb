"""Unit tests for the ABI extractor's C parsing (tools/abi/abigen.py).

The end-to-end proof is abicheck's self-check; these pin the parsing rules
a wrong extraction would silently break (a missed member path, a function
macro taken for a constant)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "abi"))
import abigen  # noqa: E402


def toks(s):
    return abigen.tokenize(s)


class Tokenize(unittest.TestCase):
    def test_comments_are_dropped_and_char_constants_kept(self):
        self.assertEqual(toks("/* x */ ((DWORD)'LQSK') // y\n"),
                         ["(", "(", "DWORD", ")", "'LQSK'", ")"])

    def test_numbers_with_suffixes_are_one_token(self):
        self.assertEqual(toks("0xFFFFFFFFU 0X80000060 1ULL"), ["0xFFFFFFFFU", "0X80000060", "1ULL"])


class DeclaratorName(unittest.TestCase):
    def check(self, text, name):
        self.assertEqual(abigen._declarator_name(toks(text))[0], name)

    def test_plain_pointer_array_and_function_pointer(self):
        self.check("dwSize", "dwSize")
        self.check("* LPLINEDEVCAPS", "LPLINEDEVCAPS")
        self.check("szComment [ TAPIMAXCOMMENTSIZE ]", "szComment")
        self.check("( CALLBACK * LINEEVENT ) ( HTAPILINE htLine , DWORD dwMsg )", "LINEEVENT")

    def test_abstract_declarator_has_no_name(self):
        self.check("[ TAPIMAXCOMMENTSIZE ]", None)
        self.check("( WINAPI * ) ( DWORD dwX )", None)


class Constants(unittest.TestCase):
    def constant(self, body, known=()):
        return abigen._constant_body(toks(body), lambda name: name in known)

    def test_integer_expressions_are_constants(self):
        self.assertTrue(self.constant("0x00000001"))
        self.assertTrue(self.constant("__MSABI_LONG(40)"))
        self.assertTrue(self.constant("((DWORD)'LQSK')"))
        self.assertTrue(self.constant("((__LONG32) TSPI_MESSAGE_BASE + 0)", known={"TSPI_MESSAGE_BASE"}))

    def test_names_types_and_empty_bodies_are_not(self):
        self.assertFalse(self.constant("__MINGW_NAME_AW(lineDial)"))
        self.assertFalse(self.constant("LINEREQMAKECALLW"))
        self.assertFalse(self.constant("WINAPI"))
        self.assertFalse(self.constant(""))

    def test_resolution_goes_through_other_macros(self):
        macros = [("WM_USER", None, toks("0x0400"), False),
                  ("TAPI_REPLY", None, toks("WM_USER + 99"), True),
                  ("lineDial", None, toks("__MINGW_NAME_AW(lineDial)"), True),
                  ("TAPI_H", None, [], True)]
        self.assertEqual(abigen._constant_macros(macros), ["TAPI_REPLY"])


class Members(unittest.TestCase):
    def fields(self, body):
        out = []
        abigen._members(abigen._clean(toks(body)), "", out)
        return out

    def test_named_nested_aggregates_give_dotted_paths(self):
        self.assertEqual(self.fields("DWORD a; union { HANDLE hEvent; HANDLE hPort; } Handles; DWORD b;"),
                         [("a", "DWORD"), ("Handles", None), ("Handles.hEvent", "HANDLE"),
                          ("Handles.hPort", "HANDLE"), ("b", "DWORD")])

    def test_anonymous_union_members_are_reached_by_name(self):
        self.assertEqual(self.fields("__C89_NAMELESS union { struct { DWORD n; BYTE x[1]; } S; };"),
                         [("S", None), ("S.n", "DWORD"), ("S.x", "BYTE [ 1 ]")])

    def test_vtable_slot_keeps_its_spelling_and_long32_means_LONG(self):
        self.assertEqual(self.fields("HRESULT (WINAPI *Shutdown)(ITMSPAddress *This); __LONG32 l;"),
                         [("Shutdown", "HRESULT ( WINAPI * ) ( ITMSPAddress * This )"), ("l", "LONG")])


class Prototypes(unittest.TestCase):
    def test_tspi_prototype_spelling(self):
        items = abigen._declarations(
            "LONG WINAPI TSPI_lineConditionalMediaDetection(HDRVLINE hdLine,DWORD dwMediaModes,"
            "LPLINECALLPARAMS const lpCallParams); LONG WINAPI lineClose(HLINE hLine);", [])
        self.assertEqual(items["proto"], [("TSPI_lineConditionalMediaDetection", "LONG", "WINAPI",
                                           ["HDRVLINE", "DWORD", "LPLINECALLPARAMS const"])])


if __name__ == "__main__":
    unittest.main()
