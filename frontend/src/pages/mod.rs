mod approvals;
mod board;
mod catalog;
mod my_tasks;
mod sign_in;
mod task_form;
mod task_row;

pub use approvals::Approvals;
pub use board::Board;
pub use catalog::Catalog;
pub use my_tasks::MyTasks;
pub use sign_in::SignIn;
