//! The module layer: the module's variables, its capacity arithmetic, where
//! ECS can place its tasks, and what it costs a month. Pure functions over
//! the data layer.

pub mod bill;
pub mod capacity;
pub mod cost;
mod data_checks;
pub mod ecs;
pub mod formulas;
pub mod placement;
pub mod stack;
pub mod variables;
