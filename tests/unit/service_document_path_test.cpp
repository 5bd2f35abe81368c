#include <gtest/gtest.h>

#include "documents/document_path.hpp"

namespace traffpunkt::service {
namespace {

TEST(DocumentPath, the_four_routes) {
    auto p = parse_document_path("/meetings/3/documents");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->meeting_id, 3);
    EXPECT_FALSE(p->document_id);
    EXPECT_TRUE(p->is_collection());

    p = parse_document_path("/meetings/3/documents/17");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->document_id, 17);
    EXPECT_FALSE(p->versions);
    EXPECT_FALSE(p->is_collection());

    p = parse_document_path("/meetings/3/documents/17/versions");
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->versions);
    EXPECT_FALSE(p->version);
    EXPECT_TRUE(p->is_collection());

    p = parse_document_path("/meetings/3/documents/17/versions/2");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->version, 2);
    EXPECT_FALSE(p->is_collection());
}

TEST(DocumentPath, everything_else_is_not_a_document_path) {
    for (const char* path :
         {"/meetings/3", "/meetings/3/documents/", "/meetings/03/documents",
          "/meetings/0/documents", "/meetings/-1/documents", "/meetings/x/documents",
          "/meetings/3/documents/0", "/meetings/3/documents/17/",
          "/meetings/3/documents/17/version", "/meetings/3/documents/17/versions/",
          "/meetings/3/documents/17/versions/0", "/meetings/3/documents/17/versions/2/x",
          "/meetings/3/documents/17/versions/2147483648", "/meetings/9007199254740992/documents",
          "/meetings/3/attendees.csv", "/documents/1"}) {
        EXPECT_FALSE(parse_document_path(path)) << path;
    }
}

TEST(DocumentPath, the_documents_area) {
    EXPECT_TRUE(is_document_path("/meetings/3/documents"));
    EXPECT_TRUE(is_document_path("/meetings/x/documents/y"));
    EXPECT_FALSE(is_document_path("/meetings/3/documentsx"));
    EXPECT_FALSE(is_document_path("/meetings/3/attendees.csv"));
    EXPECT_FALSE(is_document_path("/polls/3/documents"));
}

TEST(DocumentQuery, decodes_and_refuses_ambiguity) {
    const auto q = parse_query("filename=Tj%C3%A4nst+skrivelse.txt&visibility=public&&x=");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->at("filename"), "Tjänst skrivelse.txt");
    EXPECT_EQ(q->at("visibility"), "public");
    EXPECT_EQ(q->at("x"), "");
    EXPECT_EQ(parse_query("a=%2B")->at("a"), "+");
    EXPECT_EQ(parse_query("a=%2e%2E%2F")->at("a"), "../");
    EXPECT_TRUE(parse_query("")->empty());
    EXPECT_FALSE(parse_query("a=%zz"));
    EXPECT_FALSE(parse_query("a=%4"));
    EXPECT_FALSE(parse_query("a=%"));
    EXPECT_FALSE(parse_query("a=1&a=2"));
}

}  // namespace
}  // namespace traffpunkt::service
