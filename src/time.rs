//! xs:dateTime (helper).
