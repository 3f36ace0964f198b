package gbcode

import (
	"strings"
	"testing"
)

func TestCreditCode(t *testing.T) {
	for _, tc := range []struct {
		code  string
		valid bool
		rule  string
	}{
		{"91350100M000100Y43", true, ""}, // the example printed in GB 32100
		{"91370300MA3C5B8Y1R", false, "check character"},
		{"91350100M000100Y4", false, "18 characters"},
		{"91350100M000100Y433", false, "18 characters"},
		{"9135010OM000100Y43", false, "not allowed"}, // O is not in the alphabet
		{"91350100m000100Y43", false, "not allowed"},
		{"91A50100M000100Y4X", false, ""},
		{"统一社会信用代码统一社会信用代码码码", false, "18 characters"},
	} {
		err := CreditCode(tc.code)
		if (err == nil) != tc.valid {
			t.Errorf("CreditCode(%q) = %v, want valid=%v", tc.code, err, tc.valid)
			continue
		}
		if err != nil && !strings.Contains(err.Error(), tc.rule) {
			t.Errorf("CreditCode(%q) = %q, want it to mention %q", tc.code, err, tc.rule)
		}
	}
	// A valid code with any other last character is invalid.
	const valid = "91350100M000100Y43"
	for _, c := range creditCharset {
		if byte(c) == valid[17] {
			continue
		}
		if CreditCode(valid[:17]+string(c)) == nil {
			t.Errorf("check character %c accepted", c)
		}
	}
}

func TestRegionCode(t *testing.T) {
	for code, valid := range map[string]bool{
		"370000": true, "370303": true, "110101": true, "820000": true,
		"37030": false, "3703030": false, "37030A": false, "990000": false, "100000": false, "": false,
	} {
		if err := RegionCode(code); (err == nil) != valid {
			t.Errorf("RegionCode(%q) = %v, want valid=%v", code, err, valid)
		}
	}
}

func TestIndustryCode(t *testing.T) {
	for code, valid := range map[string]bool{
		"C": true, "C34": true, "C342": true, "C3421": true, "A01": true, "T97": true, "I6513": true, "K70": true,
		"": false, "U": false, "c34": false, "C3": false, "C34211": false, "C99": false, "A06": false, "CAB": false, "34": false,
	} {
		if err := IndustryCode(code); (err == nil) != valid {
			t.Errorf("IndustryCode(%q) = %v, want valid=%v", code, err, valid)
		}
	}
}

func TestIndustryPrefix(t *testing.T) {
	for prefix, valid := range map[string]bool{
		"C": true, "C3": true, "C34": true, "C3421": true,
		"": false, "Z": false, "C34211": false, "C3A": false,
	} {
		if err := IndustryPrefix(prefix); (err == nil) != valid {
			t.Errorf("IndustryPrefix(%q) = %v, want valid=%v", prefix, err, valid)
		}
	}
}

// TestShandong: every division has a valid code under a division listed
// before it, and Within returns a subtree, root first.
func TestShandong(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range Shandong {
		if err := RegionCode(d.Code); err != nil {
			t.Errorf("%s %s: %v", d.Code, d.Name, err)
		}
		if d.Parent != "" && !seen[d.Parent] {
			t.Errorf("%s is listed before its parent %s", d.Code, d.Parent)
		}
		seen[d.Code] = true
	}
	zibo := Within("370300")
	if len(zibo) != 10 || zibo[0].Code != "370300" {
		t.Fatalf("Within(Zibo): %d divisions starting with %s, want 10 starting with 370300", len(zibo), zibo[0].Code)
	}
	for _, d := range zibo[1:] {
		if d.Parent != "370300" {
			t.Errorf("Within(Zibo) holds %s, under %s", d.Code, d.Parent)
		}
	}
	if n := len(Within("370000")); n != len(Shandong) {
		t.Errorf("Within(Shandong): %d divisions, want all %d", n, len(Shandong))
	}
}
