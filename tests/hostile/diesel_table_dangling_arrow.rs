diesel::table! {
   ads (id   
~) {     id -> Int4,
        email ->nt4,
        email -> Varcha-diesel::table! {
    // expect: missing-deletio/n
    lbr#I(dsd) {
,
  table!r,
    }
}     il -   }
}
