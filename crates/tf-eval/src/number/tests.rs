//! The number semantics checked against values Terraform 1.0.3 computes.

use super::*;

fn n(s: &str) -> TfNumber {
    TfNumber::parse(s).expect("literal")
}

fn int(x: &TfNumber) -> i64 {
    x.to_i64().expect("integer")
}

/// ECS 7.12.0 asg_max_size memory term, as Terraform evaluates it from literals.
fn ecs_mem_term(task_max: &str, memory_mib: &str, reservation: &str) -> TfNumber {
    let cap = n(memory_mib)
        .sub(&n("1024"))
        .unwrap()
        .sub(&n("256"))
        .unwrap();
    let per_instance = cap.div(&n(reservation)).unwrap();
    n(task_max).div(&per_instance).unwrap().ceil()
}

#[test]
fn t3_small_ceil_is_26_not_25() {
    // ceil(8 / ((2048 - 1024 - 256) / 2400)): exact arithmetic gives 25
    assert_eq!(int(&ecs_mem_term("8", "2048", "2400")), 26);
    let q = n("8").div(&n("768").div(&n("2400")).unwrap()).unwrap();
    assert!(q > n("25"));
    assert!(q.to_tf_string().unwrap().len() > 10);
}

#[test]
fn decimal_literals_at_512_bits() {
    assert_eq!(int(&n("100").mul(&n("1.1")).unwrap().ceil()), 110);
    assert_eq!(int(&n("1500").mul(&n("0.58")).unwrap().floor()), 870);
    // f64 disagrees on both
    assert_eq!((100.0f64 * 1.1).ceil(), 111.0);
    assert_eq!((1500.0f64 * 0.58).floor(), 869.0);
    assert_eq!(
        n("100").mul(&n("1.1")).unwrap().to_tf_string().unwrap(),
        "110"
    );
}

#[test]
fn cpu_term_and_exact_cases() {
    // ceil(24 / ((8192 - 1280) / 384)) = ceil(24 / 18) = 2
    let per = n("8192").sub(&n("1280")).unwrap().div(&n("384")).unwrap();
    assert_eq!(int(&n("24").div(&per).unwrap().ceil()), 2);
    // c6a.xlarge CPU term: ceil(24 / ((4*1024 - 128) / 640)) = ceil(24 / 6.2) = 4
    let cpu = n("4")
        .mul(&n("1024"))
        .unwrap()
        .sub(&n("128"))
        .unwrap()
        .div(&n("640"))
        .unwrap();
    assert_eq!(int(&n("24").div(&cpu).unwrap().ceil()), 4);
    // pypiserver step 3: floor(512 * 0.75) = 384
    assert_eq!(int(&n("512").mul(&n("0.75")).unwrap().floor()), 384);
}

#[test]
fn division_by_zero_and_infinities() {
    let inf = n("1").div(&n("0")).unwrap();
    assert!(inf.is_infinite() && !inf.is_sign_negative());
    assert_eq!(inf.to_tf_string().unwrap(), "+Inf");
    let ninf = n("-1").div(&n("0")).unwrap();
    assert_eq!(ninf.to_tf_string().unwrap(), "-Inf");
    assert_eq!(n("0").div(&n("0")), Err(NumberError::DivideIndeterminate));
    assert_eq!(inf.div(&inf), Err(NumberError::DivideIndeterminate));
    assert!(inf.floor().is_infinite() && inf.ceil().is_infinite());
    assert!(ninf.floor().is_infinite() && ninf.ceil().is_sign_negative());
    // pypiserver step 6 with reservation 0, then step 8
    let ram = n("1").max(&n("1248").div(&n("0")).unwrap().floor());
    assert_eq!(ram.to_tf_string().unwrap(), "+Inf");
    assert_eq!(int(&ram.min(&n("3"))), 3);
    // x / inf = 0, inf - inf error, 0 * inf error
    assert!(n("5").div(&inf).unwrap().is_zero());
    assert_eq!(inf.sub(&inf), Err(NumberError::SubtractInfinities));
    assert_eq!(inf.add(&ninf), Err(NumberError::AddOpposingInfinities));
    assert_eq!(n("0").mul(&inf), Err(NumberError::MultiplyIndeterminate));
    // a zero-capacity instance: 8 / (0 / 384) = +Inf (memory_mib == 1280 in ECS's formula)
    assert!(ecs_mem_term("8", "1280", "384").is_infinite());
    // negative capacity gives a non-positive term
    assert!(ecs_mem_term("8", "1024", "384") <= n("0"));
}

#[test]
fn modulo_like_terraform() {
    assert_eq!(n("5").tf_rem(&n("0")).unwrap().to_tf_string().unwrap(), "5");
    assert_eq!(n("5").checked_rem(&n("0")), Err(NumberError::ModuloByZero));
    assert_eq!(
        n("-7").tf_rem(&n("3")).unwrap().to_tf_string().unwrap(),
        "-1"
    );
    assert_eq!(
        n("7.5").tf_rem(&n("2")).unwrap().to_tf_string().unwrap(),
        "1.5"
    );
    let inf = n("1").div(&n("0")).unwrap();
    assert_eq!(n("3").tf_rem(&inf), Err(NumberError::ModuloIndeterminate));
    assert_eq!(inf.tf_rem(&n("3")), Err(NumberError::ModuloOfInfinity));
    // min() of only +Inf returns cty's singleton, which Modulo special-cases
    let single = TfNumber::min_of([&inf]).unwrap();
    assert!(single.is_infinite());
    assert_eq!(
        n("3").tf_rem(&single).unwrap().to_tf_string().unwrap(),
        "+Inf"
    );
}

#[test]
fn min_max_and_comparisons() {
    assert_eq!(TfNumber::min_of([]), Err(NumberError::NoArguments));
    assert_eq!(TfNumber::max_of([]), Err(NumberError::NoArguments));
    let (a, b, c) = (n("2"), n("8"), n("3.5"));
    assert_eq!(
        int(&TfNumber::max_of([&a, &TfNumber::min_of([&b, &c]).unwrap().floor()]).unwrap()),
        3
    );
    assert!(n("-0") == n("0"));
    assert!(!n("-0").identical(&n("0")));
    // the f64 0.1 is 0.1000000000000000055..., above the 512-bit 0.1
    let f = TfNumber::from_f64(0.1).unwrap();
    assert!(n("0.1") < f && f.precision() == 53);
    assert_eq!(f.to_tf_string().unwrap(), "0.1");
    assert!(n("-Inf") < n("-1e300") && n("1e300") < n("Inf"));
}

#[test]
fn integer_conversion() {
    assert_eq!(n("26").to_i64(), Ok(26));
    assert_eq!(n("-0").to_u64(), Ok(0));
    assert_eq!(n("1.5").to_i64(), Err(NumberError::NotAnInteger));
    assert_eq!(n("Inf").to_i64(), Err(NumberError::Infinite));
    assert_eq!(
        n("9223372036854775808").to_i64(),
        Err(NumberError::OutOfRange)
    );
    assert_eq!(n("9223372036854775808").to_u64(), Ok(9223372036854775808));
    assert_eq!(n("-1").to_u64(), Err(NumberError::OutOfRange));
    assert_eq!(n("1e300").to_u64(), Err(NumberError::OutOfRange));
}

#[test]
fn signed_zero_and_printing() {
    assert_eq!(n("0").mul(&n("-1")).unwrap().to_tf_string().unwrap(), "-0");
    assert_eq!(n("-0.5").ceil().to_tf_string().unwrap(), "0");
    assert_eq!(n("-0.5").floor().to_tf_string().unwrap(), "-1");
    assert_eq!(
        n("1").div(&n("3")).unwrap().to_tf_string().unwrap(),
        "0.33333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333335"
    );
    assert_eq!(n("0.1").to_tf_string().unwrap(), "0.1");
    assert_eq!(n("1e20").to_tf_string().unwrap(), "100000000000000000000");
}

#[test]
fn bad_input_never_panics() {
    for s in [
        "",
        "-",
        ".",
        "e5",
        "1e",
        "1..2",
        "0x10",
        "1_000",
        " 1",
        "NaN",
        "Infinity",
        "1e99999999999999999999",
    ] {
        assert!(TfNumber::parse(s).is_err(), "{s:?}");
    }
    assert!(TfNumber::from_f64(f64::NAN).is_err());
    assert!(n("1e999999999").is_infinite());
    assert!(n("1e-999999999").is_zero());
    let huge = n("1e600000000");
    let tiny = n("1e-600000000");
    assert!(huge.add(&tiny).unwrap() == huge);
    assert!(huge.mul(&huge).unwrap().is_infinite());
    assert!(tiny.mul(&tiny).unwrap().is_zero());
    assert!(huge.to_tf_string().is_err());
    assert_eq!(huge.floor(), huge);
    assert!(huge.tf_rem(&n("3")).is_ok());
}
