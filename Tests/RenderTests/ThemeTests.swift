import Testing
@testable import Render

@Suite struct ThemeTests {
    static let roles: [Role] = [.series(1), .series(9), .axis, .text, .muted, .warning, .danger, .good, .heat(0),
                                .heat(1), .heat(.nan), .classColor(0), .classColor(-3), .border, .title, .highlight, .band]

    @Test func colorLevelFromColorCount() {
        #expect(ColorLevel(colorCount: 256) == .c256)
        #expect(ColorLevel(colorCount: 88) == .c8)
        #expect(ColorLevel(colorCount: 8) == .c8)
        #expect(ColorLevel(colorCount: 2) == .monochrome)
        #expect(ColorLevel(colorCount: -1) == .monochrome)
    }

    @Test func noColorForcesMonochrome() {
        #expect(Palette.detect(environment: ["NO_COLOR": "1"], colorCount: 256).level == .monochrome)
        #expect(Palette.detect(environment: ["NO_COLOR": ""], colorCount: 256).level == .c256)
        #expect(Palette.detect(environment: [:], colorCount: 8).level == .c8)
    }

    @Test func monochromeUsesNoColours() {
        let palette = Palette(level: .monochrome)
        for role in ThemeTests.roles {
            #expect(palette.style(role).foreground == .default)
            #expect(palette.style(role).background == .default)
        }
        #expect(palette.style(.highlight).attributes.contains(.reverse))
        #expect(palette.classShade(1, confidence: 1) == .default)
    }

    @Test func colourLevelsStayInTheirRange() {
        for role in ThemeTests.roles {
            for level in [ColorLevel.c8, .c256] {
                let style = Palette(level: level).style(role)
                for color in [style.foreground, style.background] {
                    if level == .c8, case .indexed(let index) = color { #expect(index < 8) }
                }
            }
        }
        let palette = Palette(level: .c256)
        #expect(palette.color(.series(1)) != palette.color(.series(2)))
        #expect(palette.color(.heat(0)) != palette.color(.heat(1)))
        #expect(palette.color(.classColor(0)) != palette.color(.classColor(1)))
        #expect(palette.classShade(0, confidence: 0) != palette.classShade(0, confidence: 1))
    }

    @Test func glyphsFollowTheLocale() {
        #expect(Glyphs.detect(environment: ["LANG": "C.UTF-8"]) == .unicode)
        #expect(Glyphs.detect(environment: ["LANG": "en_US.utf8"]) == .unicode)
        #expect(Glyphs.detect(environment: ["LC_ALL": "C", "LANG": "C.UTF-8"]) == .ascii)
        #expect(Glyphs.detect(environment: ["LC_ALL": "", "LC_CTYPE": "C.UTF-8"]) == .unicode)
        #expect(Glyphs.detect(environment: [:]) == .ascii)
        #expect(Glyphs.ascii.horizontalEighths.count == 8)
        #expect(Glyphs.unicode.verticalEighths.count == 8)
        let asciiOnly = Glyphs.ascii.markers + [Glyphs.ascii.fullBlock, Glyphs.ascii.horizontal]
        #expect(asciiOnly.allSatisfy { $0.isASCII })
    }

    @Test func themeDetectCombinesBoth() {
        let theme = Theme.detect(environment: ["LANG": "C.UTF-8", "NO_COLOR": "yes"], colorCount: 256)
        #expect(theme.palette.level == .monochrome)
        #expect(theme.glyphs.isUnicode)
    }
}
