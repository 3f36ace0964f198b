// Package gbcode validates the Chinese national-standard codes the platform
// stores: unified social credit codes (GB 32100-2015), administrative
// division codes (GB/T 2260) and industry classification codes
// (GB/T 4754-2017) — and holds the tables of them the platform ships: the
// sections of GB/T 4754 and Shandong's divisions (divisions.go).
//
// The validators return errors whose text names the rule broken, because
// the text reaches the person who typed the code.
package gbcode

import (
	"errors"
	"fmt"
	"strings"
)

// creditCharset is the alphabet of GB 32100: digits and upper-case letters
// without I, O, S, V and Z. A character's index is its value.
const creditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are the weights of positions 1–17 in the check computation.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCheckChar returns the GB 32100 check character for the first 17
// characters of a unified social credit code.
func CreditCheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("need 17 characters, got %d", len(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCharset, first17[i])
		if v < 0 {
			return 0, fmt.Errorf("character %d (%q) is not allowed: use digits and upper-case letters except I, O, S, V, Z", i+1, first17[i])
		}
		sum += v * creditWeights[i]
	}
	return creditCharset[(31-sum%31)%31], nil
}

// CreditCode validates a unified social credit code: 18 characters of the
// GB 32100 alphabet, a six-digit division code in positions 3–8, and the
// check character in position 18.
func CreditCode(code string) error {
	if len(code) != 18 {
		return fmt.Errorf("a unified social credit code has 18 characters, got %d", len([]rune(code)))
	}
	want, err := CreditCheckChar(code[:17])
	if err != nil {
		return err
	}
	if !isDigits(code[2:8]) {
		return errors.New("characters 3–8 must be the six-digit administrative division code")
	}
	if got := code[17]; got != want {
		if strings.IndexByte(creditCharset, got) < 0 {
			return fmt.Errorf("character 18 (%q) is not allowed", got)
		}
		return fmt.Errorf("check character is %q, expected %q", got, want)
	}
	return nil
}

// RegionCode validates a GB/T 2260 administrative division code: six digits,
// the first two a province-level code (11–82).
func RegionCode(code string) error {
	if len(code) != 6 || !isDigits(code) {
		return errors.New("a GB/T 2260 division code has exactly six digits")
	}
	if p := int(code[0]-'0')*10 + int(code[1]-'0'); p < 11 || p > 82 {
		return fmt.Errorf("%q does not start with a province code (11–82)", code[:2])
	}
	return nil
}

// divisions holds, for each GB/T 4754-2017 section, the range of its
// two-digit divisions.
var divisions = map[byte][2]int{
	'A': {1, 5}, 'B': {6, 12}, 'C': {13, 43}, 'D': {44, 46}, 'E': {47, 50},
	'F': {51, 52}, 'G': {53, 60}, 'H': {61, 62}, 'I': {63, 65}, 'J': {66, 69},
	'K': {70, 70}, 'L': {71, 72}, 'M': {73, 75}, 'N': {76, 79}, 'O': {80, 82},
	'P': {83, 83}, 'Q': {84, 85}, 'R': {86, 90}, 'S': {91, 96}, 'T': {97, 97},
}

// IndustryCode validates a GB/T 4754-2017 code written with its section
// letter: the letter alone (`C`), or followed by the division (`C34`), group
// (`C342`) or class (`C3421`), where the division belongs to the section.
func IndustryCode(code string) error {
	if code == "" {
		return errors.New("an industry code starts with a section letter A–T")
	}
	r, ok := divisions[code[0]]
	if !ok {
		return fmt.Errorf("%q is not a GB/T 4754-2017 section (A–T)", code[:1])
	}
	digits := code[1:]
	switch len(digits) {
	case 0:
		return nil
	case 2, 3, 4:
	default:
		return errors.New("after the section letter come 2 (division), 3 (group) or 4 (class) digits")
	}
	if !isDigits(digits) {
		return errors.New("after the section letter come only digits")
	}
	if d := int(digits[0]-'0')*10 + int(digits[1]-'0'); d < r[0] || d > r[1] {
		return fmt.Errorf("division %02d is not in section %c (divisions %02d–%02d)", d, code[0], r[0], r[1])
	}
	return nil
}

// IndustryPrefix validates a prefix used to filter by industry: a section
// letter optionally followed by digits, such as `C` or `C3`.
func IndustryPrefix(prefix string) error {
	if prefix == "" {
		return errors.New("an industry prefix starts with a section letter A–T")
	}
	if _, ok := divisions[prefix[0]]; !ok {
		return fmt.Errorf("%q is not a GB/T 4754-2017 section (A–T)", prefix[:1])
	}
	if len(prefix) > 5 || !isDigits(prefix[1:]) {
		return errors.New("after the section letter come at most 4 digits")
	}
	return nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// SectionName is a GB/T 4754-2017 section's name, in Chinese and English.
type SectionName struct{ Name, NameEn string }

// Sections are the sections (门类) of GB/T 4754-2017, by letter.
var Sections = map[string]SectionName{
	"A": {"农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"},
	"B": {"采矿业", "Mining"},
	"C": {"制造业", "Manufacturing"},
	"D": {"电力、热力、燃气及水生产和供应业", "Electricity, heat, gas and water supply"},
	"E": {"建筑业", "Construction"},
	"F": {"批发和零售业", "Wholesale and retail trade"},
	"G": {"交通运输、仓储和邮政业", "Transport, storage and postal services"},
	"H": {"住宿和餐饮业", "Accommodation and catering"},
	"I": {"信息传输、软件和信息技术服务业", "Information transmission, software and IT services"},
	"J": {"金融业", "Finance"},
	"K": {"房地产业", "Real estate"},
	"L": {"租赁和商务服务业", "Leasing and business services"},
	"M": {"科学研究和技术服务业", "Scientific research and technical services"},
	"N": {"水利、环境和公共设施管理业", "Water, environment and public facilities management"},
	"O": {"居民服务、修理和其他服务业", "Resident services, repair and other services"},
	"P": {"教育", "Education"},
	"Q": {"卫生和社会工作", "Health and social work"},
	"R": {"文化、体育和娱乐业", "Culture, sports and entertainment"},
	"S": {"公共管理、社会保障和社会组织", "Public administration, social security and social organisations"},
	"T": {"国际组织", "International organisations"},
}
