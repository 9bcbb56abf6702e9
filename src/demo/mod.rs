//! (the demo generator is written on another branch)
