#!/usr/bin/env bash
# Rebuild the shipped snapshot in data/ from the publishers' own files in ../shared/data/raw/
# (see its PROVENANCE.md), with the same parsing and validation as a live fetch.
# Vintages are imported oldest first; the newest release of each series becomes current.
# Usage: bash scripts/build_snapshot.sh [RAW_DIR] [DATA_DIR] [SCRATCH_DIR]
# SCRATCH_DIR holds publisher files brought in from public repositories for series missing from
# RAW_DIR (see its PROVENANCE.md); they are never copied into the project.
set -euo pipefail
cd "$(dirname "$0")/.."
RAW=${1:-../shared/data/raw}
DATA=${2:-data}
SCRATCH=${3:-../scratch/raw}
import() { python -m fetch --data-dir "$DATA" "$@"; }

# --- pay_gap: OECD gender wage gap, three vintages ---------------------------------------
import pay_gap --from "$RAW/owid/gender-wage-gap-oecd.csv" \
  --origin "ixukw/cse163-project:gender-wage-gap-oecd.csv@90b260fc3377a9c408024d3a6e1d24e8987dd228" \
  --released 2017-10-17 --released-basis "date OWID retrieved the OECD data (OWID dataset metadata)" \
  --label "OECD gender wage gap via Our World in Data (2017)"
import pay_gap --from "$RAW/oecd/DP_LIVE_18022022014344236.csv" \
  --origin "info-201a-wi22/final-project-starter-ciagzb:data/DP_LIVE_18022022014344236.csv@49ccf94f3e6007f4cdfe7cddb8917f869d1dd90e" \
  --released 2022-02-18 --released-basis "export timestamp in the file name (DP_LIVE_18022022...)" \
  --label "OECD data.oecd.org export, February 2022"
import pay_gap --from "$RAW/oecd/oecd_wage_gap.csv" \
  --origin "RoofaE/pay-gap:data/raw/oecd_wage_gap.csv@a083e8be81ca0c8b1711550f392f4f7b1998e5ce" \
  --released 2025-11-08 --released-basis "committed to its repository on this date, so downloaded by then" \
  --label "OECD Data Explorer export, DSD_EARNINGS@GENDER_WAGE_GAP 1.1 (2025)"

# --- fertility_rate: World Bank WDI, two releases ----------------------------------------
WB="$RAW/worldbank"
import fertility_rate --from "$WB/API_SP.DYN.TFRT.IN_DS2_en_csv_v2_4901945.csv" \
  --from "$WB/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_en_csv_v2_4901945.csv" \
  --origin "pieteradejong/demographics:data/API_SP.DYN.TFRT.IN_DS2_en_csv_v2_4901945/API_SP.DYN.TFRT.IN_DS2_en_csv_v2_4901945.csv@a4d138bc4435f20af10bc79ebd7ccf71a0afc7eb"
import fertility_rate --from "$WB/API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381.csv" \
  --from "$WB/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381.csv" \
  --origin "ilovecaffeine/country-data-fingerprint:data/raw/API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381/API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381.csv@ae00134cbf7b2b572cf5d656c73f2a435a4cb943"

# --- birth_rate and lfp_female: World Bank WDI, March 2025 release -------------------------
import birth_rate --from "$WB/API_SP.DYN.CBRT.IN_DS2_en_csv_v2_13718.csv" \
  --from "$WB/Metadata_Country_API_SP.DYN.CBRT.IN_DS2_en_csv_v2_13718.csv" \
  --origin "CodePerson2/PythonDataGraphs:csv-data/birth_rate_world_bank/API_SP.DYN.CBRT.IN_DS2_en_csv_v2_13718.csv@593eaf9276718cd2c83819a7a858319b46524bf8"
import lfp_female --from "$WB/API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_13361.csv" \
  --from "$WB/Metadata_Country_API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_13361.csv" \
  --origin "CodePerson2/PythonDataGraphs:csv-data/female_labor_force_participation_world_bank/API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_13361.csv@593eaf9276718cd2c83819a7a858319b46524bf8"

# --- lfp_male and lfp_female: World Bank, July 2026 release ------------------------------
# The repository could not be cloned here; its stored text was reassembled twice, independently,
# with identical results (see $SCRATCH/PROVENANCE.md). Aggregates are told apart with the Country
# metadata of the same World Bank release (2026-07-13).
DATABANK="$SCRATCH/worldbank-databank"
REPO="ayushisensharma/Female-Labour-Force-Participation-in-South-Asia-Trends-and-Gender-Gaps-1990-2025"
NOTES="file text reassembled from the stored repository copy (CRLF line endings restored); two independent \
reassemblies were identical; git blob not verified; aggregates from Metadata_Country of the 2026-07-13 bulk download"
import lfp_male --from "$DATABANK/data_m.csv" \
  --from "$WB/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381.csv" \
  --origin "$REPO:data_m.csv@c91e05dd013af27cbff4edc46db6e4db5f32f8dc" \
  --notes "$NOTES"
# lfp_female, July 2026 release: the bulk download in the same repository (a newer vintage than the
# March 2025 file above, with data to 2025).
import lfp_female --from "$DATABANK/data.csv" \
  --from "$WB/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381.csv" \
  --origin "$REPO:data.csv@98c45a661038cde2f5e5c0323c0672a1c037bdd0" \
  --notes "$NOTES"

# --- births: UN World Population Prospects via OWID, three revisions ---------------------
B="$RAW/births"
import births --from "$B/number-of-births-per-year_wpp2019.csv" \
  --origin "z-marco/wp:number-of-births-per-year.csv@9e6cbbfbc7c5fd268a5c4c47a384627f915bbbb0" \
  --released 2019-06-17 --released-basis "UN World Population Prospects 2019 release date" \
  --label "UN World Population Prospects 2019, via Our World in Data"
import births --from "$B/number-of-births-per-year_wpp2022.csv" \
  --origin "Roberto-M-M/carne:number-of-births-per-year.csv@40737edf87e7ce3132eb44d4e816a90757f02774" \
  --released 2022-07-11 --released-basis "UN World Population Prospects 2022 release date" \
  --label "UN World Population Prospects 2022, via Our World in Data"
import births --from "$B/births-and-deaths-projected-to-2100.csv" \
  --origin "lbabydany/Data_LifeExpectancyRegression:births-and-deaths-projected-to-2100.csv@02874f836fe255dfdaa8890acbb1f15bbbb767a6" \
  --released 2024-07-11 --released-basis "UN World Population Prospects 2024 release date" \
  --label "UN World Population Prospects 2024, via Our World in Data"

# --- unpaid care: OECD Time Use Database, 2019 export -------------------------------------
for series in unpaid_care_female unpaid_care_male; do
  import "$series" --from "$RAW/oecd/TIME_USE_25102019220748242.csv" \
    --from "$RAW/oecd/OECD_1564_TUSupdatePortal.xlsx" \
    --origin "mingligraphics/data-studio-projects:gender-gap-unpaid-work/data/TIME_USE_25102019220748242.csv@dc283ce527a70d8fef66bbc96588892d1ad8e5b5" \
    --released 2019-10-25 --released-basis "export timestamp in the file name (TIME_USE_25102019...)" \
    --label "OECD Time Use Database (OECD.Stat export, October 2019)"
done

# --- births_national, fertility_rate_national: Statistics Korea, Population Trends Survey ----
# KOSIS table INH_1B8000F_01, downloaded 2026-03-27 15:18 (the download time inside the file is the
# release date); 2025 is preliminary ("2025 p)") and is marked so in the manifest.
KOSIS_FILE="출생아수__합계출산율__자연증가_등_20260327151823.xlsx"
for series in births_national fertility_rate_national; do
  import "$series" --from "$RAW/kosis/$KOSIS_FILE" \
    --origin "papasmf1/python260324:$KOSIS_FILE@296d12317e94fa4e54c5bbbe0a843fcd4d63d93e" \
    --released-basis "KOSIS download time in the file (메타정보 sheet: 자료다운일자 2026.03.27 15:18)"
done
