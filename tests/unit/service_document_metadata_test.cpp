#include <gtest/gtest.h>

#include <string>

#include "documents/document_metadata.hpp"

namespace traffpunkt::service {
namespace {

std::string accepted(std::string_view raw) {
    const auto s = sanitise_filename(raw);
    EXPECT_TRUE(s.refusal.empty()) << raw << ": " << s.refusal;
    return s.name;
}

std::string refused(std::string_view raw) {
    const auto s = sanitise_filename(raw);
    EXPECT_TRUE(s.name.empty()) << raw << " was accepted as " << s.name;
    return s.refusal;
}

TEST(DocumentFilename, ordinary_names_are_kept) {
    EXPECT_EQ(accepted("Tjänsteskrivelse SKDN 2022-0104.txt"),
              "Tjänsteskrivelse SKDN 2022-0104.txt");
    EXPECT_EQ(accepted("protokoll.pdf"), "protokoll.pdf");
    EXPECT_EQ(accepted("..hidden"), "..hidden");
    EXPECT_EQ(accepted("a..b.txt"), "a..b.txt");
    EXPECT_EQ(accepted("日本語.docx"), "日本語.docx");
}

TEST(DocumentFilename, paths_are_refused) {
    EXPECT_EQ(refused("../../etc/passwd"), "the filename must be a name, not a path (no / or \\)");
    EXPECT_FALSE(refused("..\\..\\windows\\win.ini").empty());
    EXPECT_FALSE(refused("/etc/passwd").empty());
    EXPECT_FALSE(refused("dir/file.txt").empty());
    EXPECT_EQ(refused(".."), "the filename must not consist of dots only");
    EXPECT_EQ(refused("."), "the filename must not consist of dots only");
    EXPECT_EQ(refused(" . . "), "the filename must not consist of dots only");
}

TEST(DocumentFilename, control_characters_are_refused) {
    EXPECT_EQ(refused("a\nb.txt"), "the filename must not contain control characters");
    EXPECT_FALSE(refused("a\rb.txt").empty());
    EXPECT_FALSE(refused("tab\there.txt").empty());
    EXPECT_FALSE(refused(std::string("nul\0.txt", 8)).empty());
    EXPECT_FALSE(refused("del\x7f.txt").empty());
    EXPECT_FALSE(refused("c1\xc2\x85.txt").empty());  // U+0085 NEXT LINE
}

TEST(DocumentFilename, empty_long_and_broken_names_are_refused) {
    EXPECT_EQ(refused(""), "the filename is required");
    EXPECT_EQ(refused("   "), "the filename is required");
    EXPECT_EQ(refused("\xff\xfe.txt"), "the filename is not valid UTF-8");
    EXPECT_EQ(refused("\xc3"), "the filename is not valid UTF-8");
    EXPECT_EQ(accepted(std::string(251, 'a') + ".txt").size(), 255u);
    EXPECT_EQ(refused(std::string(252, 'a') + ".txt"), "the filename is longer than 255 bytes");
}

TEST(DocumentFilename, risky_characters_are_replaced) {
    EXPECT_EQ(accepted("  rapport.pdf  "), "rapport.pdf");
    EXPECT_EQ(accepted("rapport.pdf..."), "rapport.pdf");
    EXPECT_EQ(accepted("a\"b*c:d<e>f?g|h.txt"), "a_b_c_d_e_f_g_h.txt");
    // U+202E RIGHT-TO-LEFT OVERRIDE would show "invoice\u202Efdp.exe" as "invoiceexe.pdf".
    EXPECT_EQ(accepted("invoice\xe2\x80\xae"
                       "fdp.exe"),
              "invoice_fdp.exe");
    EXPECT_EQ(accepted("x\xe2\x81\xa6y"), "x_y");  // U+2066 LEFT-TO-RIGHT ISOLATE
}

TEST(DocumentFilename, windows_device_names_get_a_prefix) {
    EXPECT_EQ(accepted("CON"), "_CON");
    EXPECT_EQ(accepted("nul.txt"), "_nul.txt");
    EXPECT_EQ(accepted("com1.pdf"), "_com1.pdf");
    EXPECT_EQ(accepted("LPT9"), "_LPT9");
    EXPECT_EQ(accepted("console.txt"), "console.txt");
    EXPECT_EQ(accepted("com10.txt"), "com10.txt");
    EXPECT_EQ(accepted("com0.txt"), "com0.txt");
}

TEST(DocumentContentType, media_types_are_normalised) {
    EXPECT_EQ(normalise_content_type("application/pdf"), "application/pdf");
    EXPECT_EQ(normalise_content_type("  Text/Plain ;charset=utf-8 "), "text/plain; charset=utf-8");
    EXPECT_EQ(normalise_content_type("text/plain; charset=\"UTF-8\""),
              "text/plain; charset=\"UTF-8\"");
    EXPECT_EQ(normalise_content_type(
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
}

TEST(DocumentContentType, other_values_are_refused) {
    EXPECT_FALSE(normalise_content_type(""));
    EXPECT_FALSE(normalise_content_type("pdf"));
    EXPECT_FALSE(normalise_content_type("text/"));
    EXPECT_FALSE(normalise_content_type("/plain"));
    EXPECT_FALSE(normalise_content_type("text/plain\r\nX-Evil: 1"));
    EXPECT_FALSE(normalise_content_type("text/plain; charset"));
    EXPECT_FALSE(normalise_content_type("text/plain; =utf-8"));
    EXPECT_FALSE(normalise_content_type("text/pläin"));
    EXPECT_FALSE(normalise_content_type("text/plain; a=b c"));
    EXPECT_FALSE(normalise_content_type("text/" + std::string(200, 'x')));
}

TEST(DocumentContentType, stored_value_is_at_most_200_characters) {
    // 199 characters sent, but "; " after each parameter would store 248 (found by fuzzing).
    std::string many = "a/b";
    for (int i = 0; i < 49; ++i) {
        many += ";a=b";
    }
    ASSERT_EQ(many.size(), 199U);
    EXPECT_FALSE(normalise_content_type(many));
    const auto fits = normalise_content_type("a/b;x=1;y=2");
    ASSERT_TRUE(fits);
    EXPECT_EQ(*fits, "a/b; x=1; y=2");
}

TEST(DocumentDisposition, ascii_fallback_and_exact_utf8_name) {
    EXPECT_EQ(attachment_disposition("protokoll.pdf"),
              "attachment; filename=\"protokoll.pdf\"; filename*=UTF-8''protokoll.pdf");
    EXPECT_EQ(attachment_disposition("Tjänsteskrivelse 2022.txt"),
              "attachment; filename=\"Tj_nsteskrivelse 2022.txt\"; "
              "filename*=UTF-8''Tj%C3%A4nsteskrivelse%202022.txt");
    EXPECT_EQ(attachment_disposition("100%'s.txt"),
              "attachment; filename=\"100_'s.txt\"; filename*=UTF-8''100%25%27s.txt");
}

TEST(DocumentTitle, truncation_keeps_whole_code_points) {
    EXPECT_EQ(truncate_code_points("åäö", 2), "åä");
    EXPECT_EQ(truncate_code_points("abc", 5), "abc");
    EXPECT_EQ(truncate_code_points("", 3), "");
}

}  // namespace
}  // namespace traffpunkt::service
